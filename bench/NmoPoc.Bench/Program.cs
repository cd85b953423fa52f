// Benchmark entry point: `dotnet run -c Release --project bench/NmoPoc.Bench -- <suite>`.
// Each suite prints its own figures; see bench/README.md.
using NmoPoc.Bench;

return BenchRunner.Run(args);
