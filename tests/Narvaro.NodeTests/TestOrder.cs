using Xunit.Abstractions;
using Xunit.Sdk;

namespace Narvaro.NodeTests;

/// <summary>Runs a class's tests in the order of their <see cref="OrderAttribute"/> (the nights must run in date order).</summary>
public sealed class ByOrder : ITestCaseOrderer
{
    public const string Name = "Narvaro.NodeTests.ByOrder";
    public const string Assembly = "Narvaro.NodeTests";

    public IEnumerable<TTestCase> OrderTestCases<TTestCase>(IEnumerable<TTestCase> testCases) where TTestCase : ITestCase =>
        testCases.OrderBy(t => t.TestMethod.Method.GetCustomAttributes(typeof(OrderAttribute).AssemblyQualifiedName!)
            .FirstOrDefault()?.GetConstructorArguments().Cast<int>().First() ?? int.MaxValue);
}

[AttributeUsage(AttributeTargets.Method)]
public sealed class OrderAttribute(int order) : Attribute
{
    public int Order { get; } = order;
}
