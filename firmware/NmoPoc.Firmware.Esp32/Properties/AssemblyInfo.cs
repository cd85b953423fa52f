using System.Reflection;
using System.Runtime.InteropServices;

// nanoFramework's metadata processor reads these; the version is the firmware application version.
[assembly: AssemblyTitle("NmoPoc.Firmware.Esp32")]
[assembly: AssemblyDescription("NmoPoc bedside unit, ESP32 (.NET nanoFramework) target")]
[assembly: AssemblyProduct("NmoPoc")]
[assembly: AssemblyVersion("0.1.0.0")]
[assembly: AssemblyFileVersion("0.1.0.0")]
[assembly: ComVisible(false)]
