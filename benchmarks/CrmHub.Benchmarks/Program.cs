using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/CrmHub.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
