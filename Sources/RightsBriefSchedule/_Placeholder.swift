enum _PlaceholderRightsBriefSchedule {}
