/**
 * Recognizes automated clients by their user agent: crawlers, link previews, monitors, headless
 * browsers and HTTP libraries. Their clicks are recorded (as bots) but never earn credit. A user
 * agent is trivially forged, so this catches honest automation only; behavioural fraud checks
 * belong elsewhere.
 */
const BOT_PATTERNS: readonly RegExp[] = [
  // self-declared crawlers: Googlebot, bingbot, Slackbot, AhrefsBot, "bot;" "-bot/" …
  /bot(?:[\s/;:),_-]|$)/i,
  /crawl|spider|slurp|scrap(?:er|y)|archiver|indexer/i,
  // link previews and social unfurlers
  /facebookexternalhit|facebookcatalog|embedly|quora link preview|vkshare|^whatsapp\/|skypeuripreview|bingpreview/i,
  // headless and automated browsers
  /headless|phantomjs|selenium|webdriver|puppeteer|playwright|lighthouse|pagespeed|chrome-lighthouse/i,
  // uptime monitors and validators
  /pingdom|uptimerobot|statuscake|site24x7|newrelicpinger|datadog|monitor|validator|checklink/i,
  // HTTP libraries and command-line tools
  /^(?:curl|wget|httpie|lwp-|libwww-perl|python-requests|python-urllib|python-httpx|aiohttp|go-http-client|okhttp|java\/|apache-httpclient|axios|node-fetch|undici|got |ruby|php|guzzle|postmanruntime|insomnia|rest-client|dart:io|winhttp|powershell)/i,
  /\b(?:curl|wget|python-requests|httpclient|scrapy)\b/i,
];

/** Phones and apps whose names contain a bot-like word. */
const NOT_BOTS: readonly RegExp[] = [/cubot/i];

/** True for automated clients; a missing or empty user agent counts as one (every browser sends one). */
export function isBotUserAgent(userAgent: string | null | undefined): boolean {
  const ua = userAgent?.trim();
  if (!ua) return true;
  if (NOT_BOTS.some((pattern) => pattern.test(ua))) return false;
  return BOT_PATTERNS.some((pattern) => pattern.test(ua));
}
