import CXLSXWriter

/// The libxlsxwriter formats of one workbook, created once and looked up per cell.
struct XLSXFormats {
    let header: UnsafeMutablePointer<lxw_format>
    let date: UnsafeMutablePointer<lxw_format>
    let percent: UnsafeMutablePointer<lxw_format>
    let integer: UnsafeMutablePointer<lxw_format>
    let decimal: UnsafeMutablePointer<lxw_format>
    /// libxlsxwriter's own hyperlink style (blue, underlined; Excel's "Hyperlink" cell style).
    let hyperlink: UnsafeMutablePointer<lxw_format>?

    /// Creates every format in `workbook`.
    ///
    /// - Parameter workbook: An open libxlsxwriter workbook.
    /// - Returns: The formats, or `nil` if libxlsxwriter could not allocate one.
    static func make(in workbook: UnsafeMutablePointer<lxw_workbook>) -> XLSXFormats? {
        guard
            let header = workbook_add_format(workbook),
            let date = numberFormat(.date, in: workbook),
            let percent = numberFormat(.percent, in: workbook),
            let integer = numberFormat(.integer, in: workbook),
            let decimal = numberFormat(.decimal, in: workbook)
        else { return nil }
        format_set_bold(header)
        return XLSXFormats(
            header: header,
            date: date,
            percent: percent,
            integer: integer,
            decimal: decimal,
            hyperlink: workbook_get_default_url_format(workbook)
        )
    }

    /// The format for `style`; `nil` means libxlsxwriter's default.
    ///
    /// - Parameter style: A cell style.
    /// - Returns: The format pointer to pass to a write function.
    @inline(__always)
    subscript(style: XLSXStyle) -> UnsafeMutablePointer<lxw_format>? {
        switch style {
        case .plain: return nil
        case .header: return header
        case .date: return date
        case .percent: return percent
        case .integer: return integer
        case .decimal: return decimal
        }
    }

    private static func numberFormat(
        _ style: XLSXStyle,
        in workbook: UnsafeMutablePointer<lxw_workbook>
    ) -> UnsafeMutablePointer<lxw_format>? {
        guard let format = workbook_add_format(workbook), let code = style.numberFormat else {
            return nil
        }
        format_set_num_format(format, code)
        return format
    }
}
