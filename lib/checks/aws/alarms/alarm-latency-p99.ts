import { latencyRule } from './latency';

/** ALARM-LATENCY-P99: a p99 latency alarm at or below latencyP99Ms. */
export const AlarmLatencyP99 = latencyRule('AlarmLatencyP99', 'ALARM-LATENCY-P99', 99, 'latencyP99Ms');
