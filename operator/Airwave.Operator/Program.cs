using System.CommandLine;
using Airwave.Operator.Commands;

var root = new RootCommand("Airwave: a Kubernetes operator for live video on AWS.")
{
    RunCommand.Create(),
    NamespaceAccessCommand.Create(),
};

return await root.Parse(args).InvokeAsync();
