export { createAdmissionApp, type AdmissionAppOptions } from './admission-app.ts';
export { admissionChange, AdmissionReviewSchema, allowResponse, type AdmissionReview } from './admission-review.ts';
