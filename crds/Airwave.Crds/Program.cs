using System.CommandLine;
using Airwave.Api.Common;
using Airwave.CrdGeneration;
using Airwave.Kubernetes.ApiMachinery.Yaml;

// The CRDs are generated from the API types by reflection, at development time; the operator, whose code is kept free of
// reflection so that it can be compiled ahead of time, does not carry the generator.
var output = new Option<DirectoryInfo?>("--output", "-o")
{
    Description = "Write one file per CRD into this directory instead of printing them all to standard output.",
};
var root = new RootCommand("Print or write the CustomResourceDefinitions of the Airwave kinds.") { output };
root.SetAction(async (parse, cancellationToken) =>
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

return await root.Parse(args).InvokeAsync();
