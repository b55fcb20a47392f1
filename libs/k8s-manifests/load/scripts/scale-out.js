// apps/load-tests/src/lib/checks.ts
import { check as k6check } from "k6";
import { Counter } from "k6/metrics";
var checkEvaluations = new Counter("check_evaluations");
var checkFailures = new Counter("check_failures");
function check(value, sets) {
  let all = true;
  for (const [name, condition] of Object.entries(sets)) {
    checkEvaluations.add(1);
    if (!k6check(value, { [name]: condition })) {
      checkFailures.add(1);
      all = false;
    }
  }
  return all;
}
function json(r) {
  try {
    return r.json();
  } catch {
    return void 0;
  }
}
function expectList(r) {
  return check(r, {
    "list status is 200": (x) => x.status === 200,
    "list is a JSON array": (x) => Array.isArray(json(x))
  });
}
function expectCrocodile(r, status = 200) {
  return check(r, {
    [`crocodile status is ${status}`]: (x) => x.status === status,
    "crocodile has an id and a name": (x) => {
      const body = json(x);
      return body !== void 0 && body.id !== void 0 && typeof body.name === "string";
    }
  });
}

// apps/load-tests/suites.json
var suites_default = {
  $comment: "The one list of k6 suites and load profiles. Read by the k6 config (profiles), the bundler (one bundle per suite), the k6 CLI (what it accepts) and the Nx plugin (one load-tests:<suite> target each). A suite with verifyScaling runs through the scaling verifier.",
  profiles: {
    full: { time: 1, vus: 1, description: "the suite's real length and VUs" },
    demo: { time: 0.075, vus: 0.25, description: "about a minute, a quarter of the VUs" },
    ci: { time: 0.03, vus: 0.05, description: "seconds: same shape, for tests" }
  },
  suites: {
    smoke: { description: "A few VUs, briefly, over every endpoint" },
    load: { description: "The tutorial's first test: 200 VUs for 3 minutes, p95 < 700 ms" },
    ramp: {
      description: "The tutorial's 13-minute ramp to 1,200 VUs",
      verifyScaling: true
    },
    crud: { description: "Mixed reads and writes that leave the data as they found it" },
    spike: { description: "10 to 500 VUs in 10 s, held a minute, dropped" },
    soak: { description: "100 VUs for 20 minutes: leaks and slow degradation" },
    "scale-out": {
      description: "Arrival rate above threshold x maxReplicas, so KEDA must reach max",
      verifyScaling: true
    },
    capacity: {
      description: "Stepped arrival-rate plateaus on one replica: the highest rate within the SLO, and threshold advice",
      capacitySearch: true
    }
  }
};

// apps/load-tests/src/lib/env.ts
function str(name, fallback) {
  const v = __ENV[name];
  return v === void 0 || v === "" ? fallback : v;
}
function num(name, fallback, { min = 0, max = Infinity } = {}) {
  const raw = str(name);
  if (raw === void 0) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max) {
    throw new Error(`${name} must be a number from ${min} to ${max}, got "${raw}"`);
  }
  return n;
}

// apps/load-tests/src/lib/config.ts
var RESOURCE = "/crocodiles";
var PROFILES = suites_default.profiles;
function urls() {
  const base = str("BASE_URL");
  const endpoint = str("ENDPOINT");
  if (!base && !endpoint) {
    throw new Error(
      "set BASE_URL (e.g. http://127.0.0.1:4000) or ENDPOINT (e.g. http://127.0.0.1:4000/crocodiles)"
    );
  }
  for (const [name, value] of [
    ["BASE_URL", base],
    ["ENDPOINT", endpoint]
  ]) {
    if (value && !/^https?:\/\/[^/\s]+/.test(value))
      throw new Error(`${name} must be an http(s) URL, got "${value}"`);
  }
  if (endpoint) {
    const trimmed = endpoint.replace(/\/+$/, "");
    const root2 = trimmed.endsWith(RESOURCE) ? trimmed.slice(0, -RESOURCE.length) : /^https?:\/\/[^/]+/.exec(trimmed)[0];
    return { baseUrl: (base ?? root2).replace(/\/+$/, ""), endpoint: trimmed };
  }
  const root = base.replace(/\/+$/, "");
  return { baseUrl: root, endpoint: `${root}${RESOURCE}` };
}
function profile() {
  const p = str("PROFILE", "full");
  if (!(p in PROFILES))
    throw new Error(`PROFILE must be one of ${Object.keys(PROFILES).join(", ")}, got "${p}"`);
  return p;
}
function loadConfig() {
  const p = profile();
  return {
    ...urls(),
    profile: p,
    timeScale: num("TIME_SCALE", PROFILES[p].time, { min: 1e-3, max: 100 }),
    vuScale: num("VU_SCALE", PROFILES[p].vus, { min: 1e-3, max: 100 }),
    testid: str("TESTID", "local")
  };
}
var config = loadConfig();

// apps/load-tests/src/lib/crocodiles.ts
import http from "k6/http";
var JSON_HEADERS = { "Content-Type": "application/json" };
var tagged = (name, extra = {}) => ({ tags: { name }, ...extra });
var crocodiles = {
  list: (query = "") => http.get(`${config.endpoint}${query}`, tagged("/crocodiles")),
  get: (id) => http.get(`${config.baseUrl}/crocodiles/${id}`, tagged("/crocodiles/:id")),
  create: (c) => http.post(
    `${config.baseUrl}/crocodiles`,
    JSON.stringify(c),
    tagged("/crocodiles", { headers: JSON_HEADERS })
  ),
  replace: (id, c) => http.put(
    `${config.baseUrl}/crocodiles/${id}`,
    JSON.stringify(c),
    tagged("/crocodiles/:id", { headers: JSON_HEADERS })
  ),
  patch: (id, fields) => http.patch(
    `${config.baseUrl}/crocodiles/${id}`,
    JSON.stringify(fields),
    tagged("/crocodiles/:id", { headers: JSON_HEADERS })
  ),
  remove: (id) => http.del(`${config.baseUrl}/crocodiles/${id}`, null, tagged("/crocodiles/:id")),
  livez: () => http.get(`${config.baseUrl}/livez`, tagged("/livez")),
  readyz: () => http.get(`${config.baseUrl}/readyz`, tagged("/readyz")),
  metrics: () => http.get(`${config.baseUrl}/metrics`, tagged("/metrics"))
};

// apps/load-tests/src/lib/scale.ts
var UNITS = { ms: 1e-3, s: 1, m: 60, h: 3600 };
function parseDuration(d) {
  let total = 0;
  let rest = d;
  const part = /^(\d+(?:\.\d+)?)(ms|s|m|h)/;
  while (rest) {
    const m = part.exec(rest);
    if (!m) throw new Error(`not a k6 duration: "${d}"`);
    total += Number(m[1]) * UNITS[m[2]];
    rest = rest.slice(m[0].length);
  }
  return total;
}
function dur(d, scale = config.timeScale) {
  return `${Math.max(1, Math.round(parseDuration(d) * scale))}s`;
}

// apps/load-tests/src/lib/thresholds.ts
function slo() {
  return {
    p95Ms: num("P95_MS", 700, { min: 1 }),
    p99Ms: num("P99_MS", 1500, { min: 1 }),
    maxErrorRate: num("MAX_ERROR_RATE", 0.01, { max: 1 }),
    minChecksRate: num("MIN_CHECKS_RATE", 0.99, { max: 1 })
  };
}
function thresholds(s = slo()) {
  return {
    http_req_duration: [`p(95)<${s.p95Ms}`, `p(99)<${s.p99Ms}`],
    // Failing requests make every other figure meaningless: stop early, after 10 s of data.
    // ABORT_ON_FAIL=false keeps the load going (a fault test: the scaling under it is judged too).
    http_req_failed: [
      {
        threshold: `rate<${s.maxErrorRate}`,
        abortOnFail: str("ABORT_ON_FAIL") !== "false",
        delayAbortEval: "10s"
      }
    ],
    checks: [`rate>${s.minChecksRate}`]
  };
}

// apps/load-tests/src/lib/options.ts
function common(suite) {
  return {
    thresholds: thresholds(),
    // testid ties every sample of one run together, in Prometheus and InfluxDB.
    tags: { testid: config.testid, suite },
    summaryTrendStats: ["avg", "min", "med", "max", "p(90)", "p(95)", "p(99)"]
  };
}

// apps/load-tests/src/lib/summary.ts
var fmt = (v, unit = "") => v === void 0 ? "-" : `${Math.round(v * 100) / 100}${unit}`;
function text(suite, data) {
  const m = data.metrics;
  const lines = [
    `loadlab ${suite} (${config.profile}, testid=${config.testid}) against ${config.baseUrl}`,
    `  requests       ${fmt(m.http_reqs?.values.count)} (${fmt(m.http_reqs?.values.rate, "/s")})`,
    `  p95 / p99      ${fmt(m.http_req_duration?.values["p(95)"], " ms")} / ${fmt(m.http_req_duration?.values["p(99)"], " ms")}`,
    `  failed         ${fmt((m.http_req_failed?.values.rate ?? 0) * 100, "%")}`,
    `  checks         ${fmt((m.checks?.values.rate ?? 0) * 100, "%")}`,
    "  thresholds"
  ];
  for (const [name, metric] of Object.entries(m)) {
    for (const [expr, t] of Object.entries(metric.thresholds ?? {})) {
      lines.push(`    ${t.ok ? "PASS" : "FAIL"}  ${name} ${expr}`);
    }
  }
  return `${lines.join("\n")}
`;
}
function summaryHandler(suite) {
  return (data) => {
    const out = { stdout: text(suite, data) };
    const path = str("SUMMARY_PATH");
    if (path)
      out[path] = JSON.stringify(
        { suite, testid: config.testid, profile: config.profile, ...data },
        null,
        2
      );
    return out;
  };
}

// apps/load-tests/src/suites/scale-out.ts
function fullRate() {
  if (str("RATE")) return num("RATE", 0, { min: 1 });
  if (str("SCALE_THRESHOLD") && str("SCALE_MAX_REPLICAS")) {
    return Math.ceil(
      num("SCALE_THRESHOLD", 0, { min: 1 }) * num("SCALE_MAX_REPLICAS", 0, { min: 1 }) * 1.2
    );
  }
  throw new Error(
    "scale-out needs RATE, or SCALE_THRESHOLD and SCALE_MAX_REPLICAS (nx run load-tests:scale-out sets them)"
  );
}
var rate = Math.max(
  1,
  Math.round(fullRate() * num("RATE_SCALE", config.vuScale, { min: 1e-3, max: 100 }))
);
var options = {
  scenarios: {
    scaleOut: {
      executor: "ramping-arrival-rate",
      startRate: 0,
      timeUnit: "1s",
      // Enough VUs for the rate at ~300 ms per request; more if the service slows down.
      preAllocatedVUs: Math.ceil(rate * 0.3),
      maxVUs: Math.max(10, rate * 2),
      stages: [
        { duration: dur("2m"), target: rate },
        { duration: dur("8m"), target: rate },
        { duration: dur("1m"), target: 0 }
      ]
    }
  },
  ...common("scale-out")
};
function scale_out_default() {
  if (Math.random() < 0.5) expectList(crocodiles.list());
  else expectCrocodile(crocodiles.get(1 + Math.floor(Math.random() * 8)));
}
var handleSummary = summaryHandler("scale-out");
export {
  scale_out_default as default,
  handleSummary,
  options
};
