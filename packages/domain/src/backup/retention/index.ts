export {
  applyRetention,
  type RetentionCandidate,
  type RetentionReason,
  type RetentionResult,
} from './apply-retention';
export { validateRetention, isKeepEverythingPolicy, MAX_RETENTION_COUNT } from './validate-retention';
