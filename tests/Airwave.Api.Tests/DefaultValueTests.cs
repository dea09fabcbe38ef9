using System.Collections;
using System.ComponentModel;
using System.Reflection;
using Airwave.Api.Common;

namespace Airwave.Api.Tests;

/// <summary>
/// The CRD default (what the API server fills in) and the C# initializer (what code sees for an object
/// built in memory) are written twice by necessity; this keeps the two from drifting apart.
/// </summary>
public class DefaultValueTests
{
    public static TheoryData<string> DefaultedProperties() =>
        [.. ApiTypes().SelectMany(t => t.GetProperties()).Where(p => p.IsDefined(typeof(DefaultValueAttribute))).Select(p => $"{p.DeclaringType!.FullName}.{p.Name}")];

    [Theory]
    [MemberData(nameof(DefaultedProperties))]
    public void Initializer_matches_the_declared_default(string qualifiedName)
    {
        var property = ApiTypes().SelectMany(t => t.GetProperties()).Single(p => $"{p.DeclaringType!.FullName}.{p.Name}" == qualifiedName);
        var declared = property.GetCustomAttribute<DefaultValueAttribute>()!.Value;
        var instance = Activator.CreateInstance(property.DeclaringType!)!;
        var initial = property.GetValue(instance);

        if (declared is IEnumerable items and not string)
        {
            Assert.Equal(items.Cast<object>(), ((IEnumerable)initial!).Cast<object>());
        }
        else
        {
            Assert.Equal(declared, initial);
        }
    }

    private static IEnumerable<Type> ApiTypes() =>
        typeof(ApiKinds).Assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && t.GetConstructor(Type.EmptyTypes) is not null);
}
