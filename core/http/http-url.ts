import { z } from "zod";

/**
 * An absolute http(s) URL. Anything else (`javascript:`, `file:`, `data:`…) is refused: such a URL
 * would be fetched by the server or rendered as a link, and neither is ever what an admin meant.
 * Shared by the API schemas and the Settings forms.
 */
export const HttpUrl = z.url({
  protocol: /^https?$/,
  error: "Enter an http:// or https:// URL, e.g. https://api.example.com/v1",
});
