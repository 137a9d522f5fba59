# Summarises `jfr print --events jdk.ExecutionSample --stack-depth 64 rec.jfr > samples.txt`:
# top self frames and inclusive shares of our / gRPC / HTTP/2 / Redis frames. Usage: jfr-top.py samples.txt
import sys, re, collections
text = open(sys.argv[1]).read()
events = text.split('jdk.ExecutionSample')
top = collections.Counter(); incl = collections.Counter(); n = 0
for e in events[1:]:
    frames = re.findall(r'^\s+([\w.$<>/]+\.[\w$<>]+)\(', e, re.M)
    if not frames: continue
    n += 1
    top[frames[0]] += 1
    for f in set(frames):
        incl[f] += 1
print(f"samples: {n}")
print("top self frames:")
for f, c in top.most_common(15): print(f"  {100*c/n:5.1f}%  {f}")
print("inclusive (frames of interest):")
keys = [k for k in incl if re.search(r'dev\.orders|protobuf|GrpcMessage|redis\.client|Http2|netty\.handler\.codec\.http2|SslHandler|pgclient', k)]
for f in sorted(keys, key=lambda k: -incl[k])[:25]: print(f"  {100*incl[f]/n:5.1f}%  {f}")
