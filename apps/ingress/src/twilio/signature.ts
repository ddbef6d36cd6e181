import twilio from 'twilio';

/**
 * Twilio signs the URL it called plus the sorted form fields. Behind a proxy the URL we
 * see differs from the public one, so the public origin is configured and the path and
 * query are taken from the request.
 */
export function isSignedByTwilio(
  authToken: string,
  publicUrl: string,
  requestUrl: string,
  signature: string | string[] | undefined,
  params: Record<string, unknown>,
): boolean {
  if (typeof signature !== 'string' || signature.length === 0) return false;
  return twilio.validateRequest(authToken, signature, publicUrl + requestUrl, params);
}
