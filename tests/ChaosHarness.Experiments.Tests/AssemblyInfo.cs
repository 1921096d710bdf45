// Each defect twin starts a fleet of its own and runs one experiment on it: one at a time, so that their clocks keep pace.
[assembly: NonParallelizable]
