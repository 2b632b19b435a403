import type { ApplicationUnderScreening } from '@partnerflow/domain';

/** The applicant workflow tests screen; override what a scenario is about. */
export function testApplicant(overrides: Partial<ApplicationUnderScreening> = {}): ApplicationUnderScreening {
  return {
    name: 'Ada',
    email: 'ada@example.com',
    country: 'DE',
    website: 'https://ada.example.com',
    channels: [],
    audienceSize: 5000,
    partnerType: 'content',
    ...overrides,
  };
}
