package org.camgate.audit;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

/**
 * JSON string escapes for a log read line by line, by people and by tools. JSON itself escapes
 * U+0000-U+001F (so {@code \n} and {@code \r} never appear raw); this also escapes the characters
 * other readers treat as line breaks or that change how a line looks on a terminal: DEL, the C1
 * controls U+0080-U+009F (NEL, CSI), the line and paragraph separators U+2028 and U+2029, the
 * bidirectional controls (U+200E, U+200F, U+202A-U+202E, U+2066-U+2069) and U+FEFF. A JSON parser
 * reads them back unchanged.
 */
final class LineSafeEscapes extends CharacterEscapes {

    private static final long serialVersionUID = 1L;

    private final int[] ascii;

    LineSafeEscapes() {
        ascii = standardAsciiEscapesForJSON();
        ascii[0x7f] = ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
        return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
        return escaped(ch) ? new SerializedString(String.format("\\u%04X", ch)) : null;
    }

    static boolean escaped(int ch) {
        return (ch >= 0x80 && ch <= 0x9f)
                || ch == 0x2028 || ch == 0x2029
                || ch == 0x200e || ch == 0x200f
                || (ch >= 0x202a && ch <= 0x202e)
                || (ch >= 0x2066 && ch <= 0x2069)
                || ch == 0xfeff;
    }
}
