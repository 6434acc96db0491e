enum _PlaceholderRightsBriefReports {}
