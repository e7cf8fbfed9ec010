export function seconds(from: bigint): number {
  return Number(process.hrtime.bigint() - from) / 1e9;
}

export function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
