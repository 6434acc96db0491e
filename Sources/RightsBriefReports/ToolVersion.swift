/// The version of rightsbrief, shown by `--version` and written into signed bundles.
public enum ToolVersion {
    /// The current version.
    public static let current = "0.1.0"
}
