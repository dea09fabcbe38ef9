using Airwave.Sandbox.Kubernetes.Streaming.Spdy;

namespace Airwave.Sandbox.Kubernetes.Tests.Streaming;

/// <summary>SPDY/3 header blocks against Python's zlib, which knows nothing of this code: both directions, over several frames.</summary>
public sealed class HeaderBlocksTests
{
    // Compresses each argument's header pairs as one SPDY client stream (primed with the dictionary, sync-flushed
    // per block) and prints the blocks in hex; given "inflate" and hex blocks, reads them as a client does.
    private const string Zlib = """
        import sys, zlib, struct
        dictionary = bytes.fromhex(sys.argv[2])
        def block(pairs):
            out = struct.pack(">I", len(pairs))
            for name, value in pairs:
                for part in (name.encode(), value.encode()):
                    out += struct.pack(">I", len(part)) + part
            return out
        if sys.argv[1] == "deflate":
            c = zlib.compressobj(zdict=dictionary)
            for arg in sys.argv[3:]:
                pairs = [p.split("=", 1) for p in arg.split("&")]
                print((c.compress(block(pairs)) + c.flush(zlib.Z_SYNC_FLUSH)).hex())
        else:
            d = zlib.decompressobj(zdict=dictionary)
            for arg in sys.argv[3:]:
                print(d.decompress(bytes.fromhex(arg)).hex())
        """;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Blocks_a_client_compressed_with_the_dictionary_read_back_frame_after_frame()
    {
        var compressed = await PythonAsync("deflate", "streamtype=error&port=8080&requestid=0", "streamtype=data&port=8080&requestid=0");
        using var blocks = new HeaderBlocks();

        var first = blocks.Read(Convert.FromHexString(compressed[0]));
        var second = blocks.Read(Convert.FromHexString(compressed[1]));

        Assert.Equal(new Dictionary<string, string> { ["streamtype"] = "error", ["port"] = "8080", ["requestid"] = "0" }, first);
        Assert.Equal(new Dictionary<string, string> { ["streamtype"] = "data", ["port"] = "8080", ["requestid"] = "0" }, second);
    }

    [Fact]
    public async Task Blocks_written_here_read_in_a_client_primed_with_the_dictionary()
    {
        using var blocks = new HeaderBlocks();
        var empty = blocks.Write(new Dictionary<string, string>());
        var some = blocks.Write(new Dictionary<string, string> { ["Status"] = "200" });

        var read = await PythonAsync("inflate", Convert.ToHexString(empty), Convert.ToHexString(some));

        Assert.Equal("00000000", read[0]);
        Assert.Equal("00000001" + "00000006" + Convert.ToHexString("status"u8).ToLowerInvariant() + "00000003" + Convert.ToHexString("200"u8).ToLowerInvariant(), read[1]);
    }

    [Fact]
    public void A_block_that_is_not_zlib_is_a_protocol_error()
    {
        using var blocks = new HeaderBlocks();

        Assert.Throws<SpdyProtocolException>(() => blocks.Read([0x12, 0x34, 0x56, 0x78]));
    }

    private static async Task<string[]> PythonAsync(string mode, params string[] blocks)
    {
        var result = await Testing.ProcessRunner.RunAsync("/usr/bin/python3", ["-c", Zlib, mode, Convert.ToHexString(SpdyDictionary.Bytes), .. blocks], Timeout);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
