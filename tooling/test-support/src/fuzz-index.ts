// `@sfjwt/test-support/fuzz`: the property-based fuzzing kit (fast-check, the registration helper, the mutators).
// A separate entry so the ordinary test helpers do not load fast-check.
export * from './fuzz.js';
export * from './fuzz-mutate.js';
