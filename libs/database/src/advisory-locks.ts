/**
 * Keys of the transaction-level advisory locks that let one replica at a time do a job. Advisory locks are
 * shared by every app on the database, so the keys live in one place where a clash shows.
 */
export const ADVISORY_LOCKS = {
  registrationOutboxRelay: 4_242_001,
  presenceMonitor: 4_242_002,
  auditRelay: 4_242_003,
  configurationChangedRelay: 4_242_004,
  rolloutStateRelay: 4_242_005,
  registryCommandRelay: 4_242_006,
} as const;
