// FACADE for type-checking only: NOT nanoFramework code. Signatures transcribed from .NET nanoFramework's public API
// documentation and sources (nanoframework/CoreLibrary, System/SpanByte.cs, CoreLibrary 1.17.x); bodies throw. Declares only what firmware/NmoPoc.Firmware.Esp32 uses.
// See tests/NmoPoc.Firmware.Esp32.GlueCheck/README.md.
namespace System
{
    /// <summary>nanoFramework 1.x's stack-only view of a byte array (it has no generic Span&lt;T&gt;).</summary>
    public readonly ref struct SpanByte
    {
        public SpanByte(byte[] array, int start, int length)
        {
            throw new NotImplementedException();
        }
    }
}
