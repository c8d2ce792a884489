export { type HasFetch, trackKy } from './integrations/ky';
