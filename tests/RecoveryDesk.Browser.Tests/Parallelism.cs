// Each fixture runs its own server and Chromium, so fixtures can run side by side; tests within a
// fixture share their desk and run one after another.
[assembly: Parallelizable(ParallelScope.Fixtures)]
[assembly: LevelOfParallelism(3)]
