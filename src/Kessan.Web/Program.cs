// The web host on its own (tests start it through WebApplicationFactory<Program>); `kessan serve` starts the same
// application from the CLI with the binding rule checked.
await Kessan.Web.KessanWeb.Build(args).RunAsync();

/// <summary>The entry point, visible to WebApplicationFactory.</summary>
public partial class Program;
