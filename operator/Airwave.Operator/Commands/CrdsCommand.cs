using System.CommandLine;
using Airwave.Api.Common;
using Airwave.CrdGeneration;
using Airwave.Kubernetes.ApiMachinery.Yaml;

namespace Airwave.Operator.Commands;

/// <summary>`airwave-operator crds`: the CustomResourceDefinitions generated from the API types.</summary>
internal static class CrdsCommand
{
    public static Command Create()
    {
        var output = new Option<DirectoryInfo?>("--output", "-o")
        {
            Description = "Write one file per CRD into this directory instead of printing them all to standard output.",
        };
        var command = new Command("crds", "Print or write the CustomResourceDefinitions of the Airwave kinds.") { output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(output) is { } directory)
            {
                directory.Create();
                foreach (var kind in ApiKinds.All)
                {
                    var path = Path.Combine(directory.FullName, CrdGenerator.FileName(kind));
                    await File.WriteAllTextAsync(path, CrdGenerator.ToYaml(kind), cancellationToken);
                    await parse.InvocationConfiguration.Output.WriteLineAsync(path);
                }
            }
            else
            {
                var all = YamlWriter.WriteDocuments(ApiKinds.All.Select(CrdGenerator.Generate));
                await parse.InvocationConfiguration.Output.WriteAsync(CrdGenerator.Header + all);
            }

            return 0;
        });
        return command;
    }
}
