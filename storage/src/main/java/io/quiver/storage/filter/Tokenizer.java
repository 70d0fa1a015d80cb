package io.quiver.storage.filter;

import java.util.ArrayList;
import java.util.List;

/** Text tokens: maximal runs of letters and digits, lower-cased (Locale.ROOT). Stateless. */
public final class Tokenizer {
  private Tokenizer() {}

  public static List<String> tokens(String text) {
    List<String> out = new ArrayList<>();
    if (text == null) {
      return out;
    }
    int start = -1;
    for (int i = 0; i <= text.length(); ) {
      int cp = i < text.length() ? text.codePointAt(i) : -1;
      boolean word = cp >= 0 && Character.isLetterOrDigit(cp);
      if (word && start < 0) {
        start = i;
      } else if (!word && start >= 0) {
        out.add(text.substring(start, i).toLowerCase(java.util.Locale.ROOT));
        start = -1;
      }
      i += cp >= 0 ? Character.charCount(cp) : 1;
    }
    return out;
  }
}
