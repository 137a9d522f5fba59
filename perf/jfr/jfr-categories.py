# Shares of jdk.ExecutionSample stacks (from `jfr print`) that pass through each part of a call. Usage: jfr-categories.py samples.txt
import sys, re, collections
text = open(sys.argv[1]).read()
# (not AuthGate.admit itself: since a known token admits its call synchronously, the whole call runs under it)
cats = [("JWT verification + caller bookkeeping", r"io\.vertx\.ext\.auth|dev\.orders\.auth\.(TokenVerifier|Callers)"),
        ("request decode (protobuf parse of the request)", r"GrpcMessageDecoder|BatchGetProductsRequest\.parse|CodedInputStream"),
        ("catalog read: near-cache lookups + request order", r"dev\.orders\.product\.ProductCatalog"),
        ("Caffeine", r"com\.github\.benmanes"),
        ("reply assembly (PreEncoded.batchReply)", r"PreEncoded\.batchReply|PreEncoded\.field"),
        ("protobuf encode/decode of products", r"dev\.orders\.api\.v1\.Product\.|ProductCodec\.(product|toProto)|toByteArray"),
        ("Redis client", r"io\.vertx\.redis"),
        ("metrics / access log / call observation", r"dev\.orders\.ops|micrometer"),
        ("  of which Vert.x's own HTTP server meters", r"io\.vertx\.micrometer\.impl\.VertxHttpServerMetrics"),
        ("HTTP/2 frame reading (netty + vertx)", r"DefaultHttp2FrameReader\.readFrame"),
        ("HTTP/2 writing + flush (headers, data, trailers)", r"Http2ServerResponse\.(write|end)|DefaultHttp2FrameWriter|flush0"),
        ("socket read/write syscalls", r"sun\.nio\.ch\.|FileDispatcherImpl|IOUtil\.(read|write)"),
        ("GC / JIT / other JVM threads (no Java frames of ours)", None)]
events = [e for e in text.split('jdk.ExecutionSample')[1:] if re.search(r'^\s+[\w.$]+\(', e, re.M)]
n = len(events); counts = collections.Counter()
for e in events:
    for name, rx in cats:
        if rx and re.search(rx, e): counts[name] += 1
print(f"samples {n}")
for name, rx in cats:
    if rx: print(f"  {100*counts[name]/n:5.1f}%  {name}")
