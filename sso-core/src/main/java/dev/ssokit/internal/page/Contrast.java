package dev.ssokit.internal.page;

/** WCAG 2.2 contrast ratio of two sRGB colours ({@code #rrggbb}), from their relative luminance. */
public final class Contrast {
  private Contrast() {}

  /** (L1 + 0.05) / (L2 + 0.05), the lighter colour's luminance L1 over the darker's L2: 1 to 21. */
  public static double ratio(String a, String b) {
    double la = luminance(a);
    double lb = luminance(b);
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }

  /** WCAG 2.2 "relative luminance" of {@code #rrggbb}. */
  static double luminance(String hex) {
    int rgb = Integer.parseInt(hex.substring(1), 16);
    return 0.2126 * channel(rgb >> 16) + 0.7152 * channel(rgb >> 8) + 0.0722 * channel(rgb);
  }

  private static double channel(int value) {
    double c = (value & 0xff) / 255.0;
    return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  }
}
