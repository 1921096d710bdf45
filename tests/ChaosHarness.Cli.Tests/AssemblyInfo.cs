// Each test runs chaos processes and fleets; one at a time keeps them from starving each other on a small machine.
[assembly: NonParallelizable]
