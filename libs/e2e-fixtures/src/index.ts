export { apiUnderTest, type ApiUnderTest, ciRun } from './api-under-test.ts';
