// apps/load-tests/src/suites/ramp.ts
import { sleep } from "k6";

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

// apps/load-tests/src/lib/crocodiles.ts
import http from "k6/http";

// apps/load-tests/suites.json
var suites_default = {
  $comment: "The one list of k6 suites and load profiles. Read by the k6 config (profiles), the bundler (one bundle per suite), the k6 CLI (what it accepts) and the Nx plugin (one load-tests:<suite> target each). A suite with verifyScaling runs through the scaling verifier.",
  profiles: {
    full: {
      time: 1,
      vus: 1,
      description: "the suite's real length and VUs"
    },
    demo: {
      time: 0.075,
      vus: 0.25,
      description: "about a minute, a quarter of the VUs"
    },
    ci: {
      time: 0.03,
      vus: 0.05,
      description: "seconds: same shape, for tests"
    }
  },
  scaleFactor: {
    min: 1e-3,
    max: 100,
    description: "the range of an explicit --time-scale, --vu-scale (TIME_SCALE, VU_SCALE, RATE_SCALE)"
  },
  suites: {
    smoke: {
      description: "A few VUs, briefly, over every endpoint"
    },
    load: {
      description: "The tutorial's first test: 200 VUs for 3 minutes, p95 < 700 ms"
    },
    ramp: {
      description: "The tutorial's 13-minute ramp to 1,200 VUs",
      verifyScaling: true
    },
    crud: {
      description: "Mixed reads and writes that leave the data as they found it"
    },
    spike: {
      description: "10 to 500 VUs in 10 s, held a minute, dropped"
    },
    soak: {
      description: "100 VUs for 20 minutes: leaks and slow degradation"
    },
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
import { SharedArray } from "k6/data";

// node_modules/valibot/dist/index.mjs
var store$4;
var DEFAULT_CONFIG = {
  lang: void 0,
  message: void 0,
  abortEarly: void 0,
  abortPipeEarly: void 0
};
// @__NO_SIDE_EFFECTS__
function getGlobalConfig(config$1) {
  if (!config$1 && !store$4) return DEFAULT_CONFIG;
  return {
    lang: config$1?.lang ?? store$4?.lang,
    message: config$1?.message,
    abortEarly: config$1?.abortEarly ?? store$4?.abortEarly,
    abortPipeEarly: config$1?.abortPipeEarly ?? store$4?.abortPipeEarly
  };
}
var store$3;
// @__NO_SIDE_EFFECTS__
function getGlobalMessage(lang) {
  return store$3?.get(lang);
}
var store$2;
// @__NO_SIDE_EFFECTS__
function getSchemaMessage(lang) {
  return store$2?.get(lang);
}
var store$1;
// @__NO_SIDE_EFFECTS__
function getSpecificMessage(reference, lang) {
  return store$1?.get(reference)?.get(lang);
}
// @__NO_SIDE_EFFECTS__
function _stringify(input) {
  const type = typeof input;
  if (type === "string") return `"${input}"`;
  if (type === "number" || type === "bigint" || type === "boolean") return `${input}`;
  if (type === "object" || type === "function") return (input && Object.getPrototypeOf(input)?.constructor?.name) ?? "null";
  return type;
}
function _addIssue(context, label, dataset, config$1, other) {
  const input = other && "input" in other ? other.input : dataset.value;
  const expected = other?.expected ?? context.expects ?? null;
  const received = other?.received ?? /* @__PURE__ */ _stringify(input);
  const issue = {
    kind: context.kind,
    type: context.type,
    input,
    expected,
    received,
    message: `Invalid ${label}: ${expected ? `Expected ${expected} but r` : "R"}eceived ${received}`,
    requirement: context.requirement,
    path: other?.path,
    issues: other?.issues,
    lang: config$1.lang,
    abortEarly: config$1.abortEarly,
    abortPipeEarly: config$1.abortPipeEarly
  };
  const isSchema = context.kind === "schema";
  const message$1 = other?.message ?? context.message ?? /* @__PURE__ */ getSpecificMessage(context.reference, issue.lang) ?? (isSchema ? /* @__PURE__ */ getSchemaMessage(issue.lang) : null) ?? config$1.message ?? /* @__PURE__ */ getGlobalMessage(issue.lang);
  if (message$1 !== void 0) issue.message = typeof message$1 === "function" ? message$1(issue) : message$1;
  if (isSchema) dataset.typed = false;
  if (dataset.issues) dataset.issues.push(issue);
  else dataset.issues = [issue];
}
// @__NO_SIDE_EFFECTS__
function _joinExpects(values$1, separator) {
  const list = [...new Set(values$1)];
  if (list.length > 1) return `(${list.join(` ${separator} `)})`;
  return list[0] ?? "never";
}
function _standardSchema(schema) {
  schema["~standard"] = {
    version: 1,
    vendor: "valibot",
    validate: (value$1) => schema["~run"]({ value: value$1 }, /* @__PURE__ */ getGlobalConfig())
  };
  return schema;
}
// @__NO_SIDE_EFFECTS__
function check2(requirement, message$1) {
  return {
    kind: "validation",
    type: "check",
    reference: check2,
    async: false,
    expects: null,
    requirement,
    message: message$1,
    "~run"(dataset, config$1) {
      if (dataset.typed && !this.requirement(dataset.value)) _addIssue(this, "input", dataset, config$1);
      return dataset;
    }
  };
}
// @__NO_SIDE_EFFECTS__
function finite(message$1) {
  return {
    kind: "validation",
    type: "finite",
    reference: finite,
    async: false,
    expects: null,
    requirement: Number.isFinite,
    message: message$1,
    "~run"(dataset, config$1) {
      if (dataset.typed && !this.requirement(dataset.value)) _addIssue(this, "finite", dataset, config$1);
      return dataset;
    }
  };
}
// @__NO_SIDE_EFFECTS__
function maxLength(requirement, message$1) {
  return {
    kind: "validation",
    type: "max_length",
    reference: maxLength,
    async: false,
    expects: `<=${requirement}`,
    requirement,
    message: message$1,
    "~run"(dataset, config$1) {
      if (dataset.typed && dataset.value.length > this.requirement) _addIssue(this, "length", dataset, config$1, { received: `${dataset.value.length}` });
      return dataset;
    }
  };
}
// @__NO_SIDE_EFFECTS__
function nonEmpty(message$1) {
  return {
    kind: "validation",
    type: "non_empty",
    reference: nonEmpty,
    async: false,
    expects: "!0",
    message: message$1,
    "~run"(dataset, config$1) {
      if (dataset.typed && dataset.value.length === 0) _addIssue(this, "length", dataset, config$1, { received: "0" });
      return dataset;
    }
  };
}
// @__NO_SIDE_EFFECTS__
function regex(requirement, message$1) {
  return {
    kind: "validation",
    type: "regex",
    reference: regex,
    async: false,
    expects: `${requirement}`,
    requirement,
    message: message$1,
    "~run"(dataset, config$1) {
      if (dataset.typed && !this.requirement.test(dataset.value)) _addIssue(this, "format", dataset, config$1);
      return dataset;
    }
  };
}
// @__NO_SIDE_EFFECTS__
function toNumber(message$1) {
  return {
    kind: "transformation",
    type: "to_number",
    reference: toNumber,
    async: false,
    message: message$1,
    "~run"(dataset, config$1) {
      try {
        dataset.value = Number(dataset.value);
        if (isNaN(dataset.value)) {
          _addIssue(this, "number", dataset, config$1);
          dataset.typed = false;
        }
      } catch {
        _addIssue(this, "number", dataset, config$1);
        dataset.typed = false;
      }
      return dataset;
    }
  };
}
// @__NO_SIDE_EFFECTS__
function transform(operation) {
  return {
    kind: "transformation",
    type: "transform",
    reference: transform,
    async: false,
    operation,
    "~run"(dataset) {
      dataset.value = this.operation(dataset.value);
      return dataset;
    }
  };
}
// @__NO_SIDE_EFFECTS__
function trim() {
  return {
    kind: "transformation",
    type: "trim",
    reference: trim,
    async: false,
    "~run"(dataset) {
      dataset.value = dataset.value.trim();
      return dataset;
    }
  };
}
// @__NO_SIDE_EFFECTS__
function getFallback(schema, dataset, config$1) {
  return typeof schema.fallback === "function" ? schema.fallback(dataset, config$1) : schema.fallback;
}
// @__NO_SIDE_EFFECTS__
function getDefault(schema, dataset, config$1) {
  return typeof schema.default === "function" ? schema.default(dataset, config$1) : schema.default;
}
// @__NO_SIDE_EFFECTS__
function object(entries$1, message$1) {
  return _standardSchema({
    kind: "schema",
    type: "object",
    reference: object,
    expects: "Object",
    async: false,
    entries: entries$1,
    message: message$1,
    "~run"(dataset, config$1) {
      const input = dataset.value;
      if (input && typeof input === "object") {
        dataset.typed = true;
        dataset.value = {};
        for (const key in this.entries) {
          const valueSchema = this.entries[key];
          if (key in input || (valueSchema.type === "exact_optional" || valueSchema.type === "optional" || valueSchema.type === "nullish") && valueSchema.default !== void 0) {
            const value$1 = key in input ? input[key] : /* @__PURE__ */ getDefault(valueSchema);
            const valueDataset = valueSchema["~run"]({ value: value$1 }, config$1);
            if (valueDataset.issues) {
              const pathItem = {
                type: "object",
                origin: "value",
                input,
                key,
                value: value$1
              };
              for (const issue of valueDataset.issues) {
                if (issue.path) issue.path.unshift(pathItem);
                else issue.path = [pathItem];
                dataset.issues?.push(issue);
              }
              if (!dataset.issues) dataset.issues = valueDataset.issues;
              if (config$1.abortEarly) {
                dataset.typed = false;
                break;
              }
            }
            if (!valueDataset.typed) dataset.typed = false;
            dataset.value[key] = valueDataset.value;
          } else if (valueSchema.fallback !== void 0) dataset.value[key] = /* @__PURE__ */ getFallback(valueSchema);
          else if (valueSchema.type !== "exact_optional" && valueSchema.type !== "optional" && valueSchema.type !== "nullish") {
            _addIssue(this, "key", dataset, config$1, {
              input: void 0,
              expected: `"${key}"`,
              path: [{
                type: "object",
                origin: "key",
                input,
                key,
                value: input[key]
              }]
            });
            if (config$1.abortEarly) break;
          }
        }
      } else _addIssue(this, "type", dataset, config$1);
      return dataset;
    }
  });
}
// @__NO_SIDE_EFFECTS__
function optional(wrapped, default_) {
  return _standardSchema({
    kind: "schema",
    type: "optional",
    reference: optional,
    expects: `(${wrapped.expects} | undefined)`,
    async: false,
    wrapped,
    default: default_,
    "~run"(dataset, config$1) {
      if (dataset.value === void 0) {
        if (this.default !== void 0) dataset.value = /* @__PURE__ */ getDefault(this, dataset, config$1);
        if (dataset.value === void 0) {
          dataset.typed = true;
          return dataset;
        }
      }
      return this.wrapped["~run"](dataset, config$1);
    }
  });
}
// @__NO_SIDE_EFFECTS__
function picklist(options2, message$1) {
  return _standardSchema({
    kind: "schema",
    type: "picklist",
    reference: picklist,
    expects: /* @__PURE__ */ _joinExpects(options2.map(_stringify), "|"),
    async: false,
    options: options2,
    message: message$1,
    "~run"(dataset, config$1) {
      if (this.options.includes(dataset.value)) dataset.typed = true;
      else _addIssue(this, "type", dataset, config$1);
      return dataset;
    }
  });
}
// @__NO_SIDE_EFFECTS__
function string(message$1) {
  return _standardSchema({
    kind: "schema",
    type: "string",
    reference: string,
    expects: "string",
    async: false,
    message: message$1,
    "~run"(dataset, config$1) {
      if (typeof dataset.value === "string") dataset.typed = true;
      else _addIssue(this, "type", dataset, config$1);
      return dataset;
    }
  });
}
// @__NO_SIDE_EFFECTS__
function message(schema, message_) {
  return _standardSchema({
    ...schema,
    "~run"(dataset, config$1) {
      return schema["~run"](dataset, {
        ...config$1,
        message: message_
      });
    }
  });
}
// @__NO_SIDE_EFFECTS__
function pipe(...pipe$1) {
  return _standardSchema({
    ...pipe$1[0],
    pipe: pipe$1,
    "~run"(dataset, config$1) {
      for (const item of pipe$1) if (item.kind !== "metadata") {
        if (dataset.issues && (item.kind === "schema" || item.kind === "transformation")) {
          dataset.typed = false;
          break;
        }
        if (!dataset.issues || !config$1.abortEarly && !config$1.abortPipeEarly) dataset = item["~run"](dataset, config$1);
      }
      return dataset;
    }
  });
}
// @__NO_SIDE_EFFECTS__
function safeParse(schema, input, config$1) {
  const dataset = schema["~run"]({ value: input }, /* @__PURE__ */ getGlobalConfig(config$1));
  return {
    typed: dataset.typed,
    success: !dataset.issues,
    output: dataset.value,
    issues: dataset.issues
  };
}

// apps/load-tests/src/lib/env.ts
var DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
function describeBounds({ min, max, above, below, whole }) {
  const low = min !== void 0 ? `at least ${min}` : above !== void 0 ? `above ${above}` : "";
  const high = max !== void 0 ? `at most ${max}` : below !== void 0 ? `below ${below}` : "";
  const range = min !== void 0 && max !== void 0 ? `from ${min} to ${max}` : [low, high].filter(Boolean).join(" and ");
  return `${whole ? "a whole number" : "a number"} ${range}`.trim();
}
function decimal(bounds) {
  const { min, max, above, below, whole } = bounds;
  return message(
    pipe(
      string(),
      trim(),
      regex(DECIMAL),
      toNumber(),
      finite(),
      check2((n) => !whole || Number.isInteger(n)),
      check2((n) => (min === void 0 || n >= min) && (max === void 0 || n <= max)),
      check2((n) => (above === void 0 || n > above) && (below === void 0 || n < below))
    ),
    describeBounds(bounds)
  );
}
var HTTP_URL = /^https?:\/\/([^\s/?#@]+@)?([^\s/?#:@[\]]+|\[[\da-f:.]+\])(:(\d{1,5}))?(\/[^\s?#]*)?$/i;
function httpUrl() {
  return message(
    pipe(
      string(),
      trim(),
      regex(HTTP_URL),
      check2((url) => Number(HTTP_URL.exec(url)?.[4] ?? 1) <= 65535)
    ),
    "an http(s) URL with a host, an optional port and path, and no query"
  );
}
var profiles = Object.keys(suites_default.profiles);
var scaleFactor = () => decimal(suites_default.scaleFactor);
var RESOURCE = "/crocodiles";
function commonSchema() {
  return pipe(
    object({
      /** The API root, e.g. http://127.0.0.1:4000. */
      BASE_URL: optional(
        pipe(
          httpUrl(),
          check2(
            (url) => !url.replace(/\/+$/, "").endsWith(RESOURCE),
            `the API root, without ${RESOURCE}: the list URL is ENDPOINT`
          )
        )
      ),
      /** The tutorial's variable: the list URL, e.g. http://10.0.0.7:4000/crocodiles. */
      ENDPOINT: optional(httpUrl()),
      /** Compressed time and VUs, same shape. */
      PROFILE: optional(
        message(
          pipe(string(), trim(), picklist(profiles)),
          `one of ${profiles.join(", ")}`
        ),
        "full"
      ),
      /** Explicit compression factors; they override the profile's. */
      TIME_SCALE: optional(scaleFactor()),
      VU_SCALE: optional(scaleFactor()),
      /** Ties every sample of one run together, in Prometheus and InfluxDB. */
      TESTID: optional(
        message(
          pipe(string(), trim(), nonEmpty(), maxLength(100)),
          "a name of 1-100 characters"
        ),
        "local"
      ),
      /** The SLO (libs/verdict/slo.json passes its own): the tutorial's p95 < 700 ms and 1% errors. */
      P95_MS: optional(decimal({ above: 0 }), "700"),
      P99_MS: optional(decimal({ above: 0 }), "1500"),
      MAX_ERROR_RATE: optional(decimal({ above: 0, max: 1 }), "0.01"),
      MIN_CHECKS_RATE: optional(decimal({ min: 0, below: 1 }), "0.99"),
      /** false keeps the load going when errors break the SLO (a fault test). */
      ABORT_ON_FAIL: optional(
        message(
          pipe(
            string(),
            trim(),
            picklist(["true", "false"]),
            transform((s) => s === "true")
          ),
          "true or false"
        ),
        "true"
      ),
      /** Where the summary JSON goes, for the verdict engine. */
      SUMMARY_PATH: optional(pipe(string(), trim()))
    }),
    check2(
      (env2) => env2.BASE_URL !== void 0 || env2.ENDPOINT !== void 0,
      "set BASE_URL (e.g. http://127.0.0.1:4000) or ENDPOINT (e.g. http://127.0.0.1:4000/crocodiles)"
    ),
    check2(
      (env2) => env2.P95_MS <= env2.P99_MS,
      "P95_MS must not be above P99_MS: a p95 is never above the p99 of the same requests"
    )
  );
}
var quoted = (value) => {
  const s = String(value);
  return JSON.stringify(s.length > 80 ? `${s.slice(0, 77)}...` : s);
};
function parse(schema, raw) {
  const set = Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== ""));
  const result = safeParse(schema, set);
  if (result.success) return result.output;
  const lines = result.issues.map((issue) => {
    const name = issue.path?.[0]?.key;
    return typeof name === "string" ? `${name} must be ${issue.message}, got ${quoted(set[name])}` : issue.message;
  });
  throw new Error([...new Set(lines)].join("; "));
}
function loadEnv(name, build) {
  return new SharedArray(`loadlab env: ${name}`, () => [parse(build(), __ENV)])[0];
}
var env = loadEnv("common", commonSchema);

// apps/load-tests/src/lib/config.ts
function urls(e) {
  if (e.ENDPOINT) {
    const trimmed = e.ENDPOINT.replace(/\/+$/, "");
    const root2 = trimmed.endsWith(RESOURCE) ? trimmed.slice(0, -RESOURCE.length) : /^https?:\/\/[^/]+/.exec(trimmed)[0];
    return { baseUrl: (e.BASE_URL ?? root2).replace(/\/+$/, ""), endpoint: trimmed };
  }
  const root = e.BASE_URL.replace(/\/+$/, "");
  return { baseUrl: root, endpoint: `${root}${RESOURCE}` };
}
function loadConfig(e = env) {
  const profile = suites_default.profiles[e.PROFILE];
  return {
    ...urls(e),
    profile: e.PROFILE,
    timeScale: e.TIME_SCALE ?? profile.time,
    vuScale: e.VU_SCALE ?? profile.vus,
    testid: e.TESTID
  };
}
var config = loadConfig();

// apps/load-tests/src/lib/crocodiles.ts
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
function vus(n, scale = config.vuScale) {
  return Math.max(1, Math.round(n * scale));
}
function stages(list) {
  return list.map((s) => ({
    duration: dur(s.duration),
    target: s.target === 0 ? 0 : vus(s.target)
  }));
}

// apps/load-tests/src/lib/thresholds.ts
function slo() {
  return {
    p95Ms: env.P95_MS,
    p99Ms: env.P99_MS,
    maxErrorRate: env.MAX_ERROR_RATE,
    minChecksRate: env.MIN_CHECKS_RATE
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
        abortOnFail: env.ABORT_ON_FAIL,
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
    const path = env.SUMMARY_PATH;
    if (path)
      out[path] = JSON.stringify(
        { suite, testid: config.testid, profile: config.profile, ...data },
        null,
        2
      );
    return out;
  };
}

// apps/load-tests/src/suites/ramp.ts
var RAMP_STAGES = [
  { duration: "1m", target: 50 },
  { duration: "1m", target: 150 },
  { duration: "1m", target: 300 },
  { duration: "2m", target: 500 },
  { duration: "2m", target: 800 },
  { duration: "3m", target: 1200 },
  { duration: "3m", target: 50 }
];
var options = {
  scenarios: {
    ramp: {
      executor: "ramping-vus",
      startVUs: 0,
      stages: stages(RAMP_STAGES),
      gracefulRampDown: "10s"
    }
  },
  ...common("ramp")
};
function ramp_default() {
  expectList(crocodiles.list());
  sleep(3);
}
var handleSummary = summaryHandler("ramp");
export {
  RAMP_STAGES,
  ramp_default as default,
  handleSummary,
  options
};
