export * from './record-domain-event';
export * from './domain-event-dispatch';
export * from './domain-event.activities';
export * from './commission-events';
export * from './conversion-events';
export * from './payout-events';
export * from './trigger-events';
export * from './threshold-events';
