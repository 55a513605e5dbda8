using System.CommandLine;
using Kessan.Cli;

return await KessanCommand.RunAsync(args, Console.Out, Console.Error);
