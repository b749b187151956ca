import { latencyRule } from './latency';

/** ALARM-LATENCY-P95: a p95 latency alarm at or below latencyP95Ms. */
export const AlarmLatencyP95 = latencyRule('AlarmLatencyP95', 'ALARM-LATENCY-P95', 95, 'latencyP95Ms');
