// Shapes of the survey-links plugin, read by its server part, its web part and its tests. Types
// only: the web part imports this file too.

/** A survey as configured: a URL pattern with placeholders (see README, "Placeholders"). */
export interface SurveyConfig {
  /** Shown on the link; unique within the list. */
  name: string;
  /** An http(s) URL with placeholders such as `{ra}`, `{dec_dms}`, `{radius_arcsec}`, `{id}`. */
  url: string;
  /** What the link shows (the link's tooltip). */
  description?: string;
  /** A heading the panel groups links under, in the order groups first appear. */
  group?: string;
  /** The search radius `{radius_*}` give, arcseconds; the plugin's `radiusArcsec` when absent. */
  radiusArcsec?: number;
}

/** One link, as `GET /api/sources/{id}/survey_links` and `GET /api/survey_links` answer it, in configured order. */
export interface SurveyLink {
  name: string;
  url: string;
  description: string | null;
  group: string | null;
}
