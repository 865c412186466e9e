-- wrk script of bench/load.py: every connection walks the URL mix in turn, signed in by a session cookie,
-- and the run ends with one JSON line (prefixed "RESULT ") that load.py parses.
--   wrk -s bench/load.lua http://127.0.0.1:PORT -- <file with one path a line> <Cookie header value>

local count = 0

function setup(thread)
  thread:set("offset", count)
  count = count + 1
end

function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    if line ~= "" then table.insert(paths, line) end
  end
  cookie = args[2]
  -- Threads start at different points of the mix, so the slow pages do not all arrive at once.
  position = (offset * 7) % #paths
end

function request()
  position = position % #paths + 1
  return wrk.format("GET", paths[position], { ["Cookie"] = cookie })
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "duration_us": %d, "bytes": %d, "connect_errors": %d, "read_errors": %d, ' ..
    '"write_errors": %d, "status_errors": %d, "timeouts": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, ' ..
    '"mean_us": %.0f, "max_us": %d}\n',
    summary.requests, summary.duration, summary.bytes, errors.connect, errors.read, errors.write,
    errors.status, errors.timeout, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.mean, latency.max))
end
