import ArgumentParser
@main struct RightsBrief: ParsableCommand {}
