namespace SecurityManagement.Tests.Benchmarks;

/// <summary>Median and 95th percentile of a sample, nearest-rank.</summary>
public static class Percentiles
{
    public static double Of(IReadOnlyCollection<double> sample, double percentile)
    {
        var sorted = sample.Order().ToArray();
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public static string Describe(IReadOnlyCollection<double> sample, string unit) =>
        $"n={sample.Count}, median {Of(sample, 50):0.###} {unit}, p95 {Of(sample, 95):0.###} {unit}, max {sample.Max():0.###} {unit}";
}

/// <summary>Benchmarks run alone: what they time should not share the machine with other tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class Benchmarking
{
    public const string Name = "benchmarks";
}
