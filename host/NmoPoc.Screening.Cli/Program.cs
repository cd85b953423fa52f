namespace NmoPoc.Screening.Cli;

public static class Program
{
    public static int Main(string[] args) => ScreenCommand.Run(args, Console.Out, Console.Error);
}
