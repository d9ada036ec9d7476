// Prometheus metrics (text exposition format 0.0.4) for operators: commands,
// their latency, HTTP requests, deliveries and failures. Labels carry no
// personal data (command names, platforms, outcomes only).

type Labels = Record<string, string>;

function key(labels: Labels): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}="${labels[k].replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`)
    .join(",");
}

class Counter {
  readonly values = new Map<string, number>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}
  inc(labels: Labels = {}, by = 1): void {
    const k = key(labels);
    this.values.set(k, (this.values.get(k) ?? 0) + by);
  }
  render(): string[] {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const [k, v] of this.values) lines.push(`${this.name}${k ? `{${k}}` : ""} ${v}`);
    return lines;
  }
}

class Histogram {
  private readonly series = new Map<string, { buckets: number[]; sum: number; count: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly bounds: number[] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  ) {}
  observe(labels: Labels, seconds: number): void {
    const k = key(labels);
    let s = this.series.get(k);
    if (!s) {
      s = { buckets: this.bounds.map(() => 0), sum: 0, count: 0 };
      this.series.set(k, s);
    }
    this.bounds.forEach((b, i) => {
      if (seconds <= b) s.buckets[i]++;
    });
    s.sum += seconds;
    s.count++;
  }
  render(): string[] {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const [k, s] of this.series) {
      const sep = k ? `${k},` : "";
      for (const [i, b] of this.bounds.entries()) lines.push(`${this.name}_bucket{${sep}le="${b}"} ${s.buckets[i]}`);
      lines.push(`${this.name}_bucket{${sep}le="+Inf"} ${s.count}`);
      lines.push(`${this.name}_sum${k ? `{${k}}` : ""} ${s.sum}`);
      lines.push(`${this.name}_count${k ? `{${k}}` : ""} ${s.count}`);
    }
    return lines;
  }
}

export const metrics = {
  httpRequests: new Counter("loftesbot_http_requests_total", "HTTP requests by route and status"),
  commands: new Counter(
    "loftesbot_commands_total",
    "Chat commands, buttons and forms handled, by kind, platform and outcome",
  ),
  commandSeconds: new Histogram("loftesbot_command_seconds", "Time to answer a chat command"),
  deliveries: new Counter("loftesbot_deliveries_total", "Scheduled and immediate deliveries by job and outcome"),
  failures: new Counter("loftesbot_failures_total", "Errors by where they happened"),
};

export function renderMetrics(): string {
  const memory = process.memoryUsage();
  const lines = [
    ...metrics.httpRequests.render(),
    ...metrics.commands.render(),
    ...metrics.commandSeconds.render(),
    ...metrics.deliveries.render(),
    ...metrics.failures.render(),
    "# HELP loftesbot_process_resident_memory_bytes Resident memory",
    "# TYPE loftesbot_process_resident_memory_bytes gauge",
    `loftesbot_process_resident_memory_bytes ${memory.rss}`,
    "# HELP loftesbot_process_uptime_seconds Uptime",
    "# TYPE loftesbot_process_uptime_seconds gauge",
    `loftesbot_process_uptime_seconds ${Math.round(process.uptime())}`,
  ];
  return `${lines.join("\n")}\n`;
}
