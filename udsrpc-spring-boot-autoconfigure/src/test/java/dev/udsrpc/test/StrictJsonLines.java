package dev.udsrpc.test;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks what a server writes the way a strict client reads it: newline-terminated lines,
 * each valid UTF-8 (decoded with a decoder that reports every malformed or unmappable
 * sequence) holding exactly one JSON value without duplicate member names at any depth.
 */
public final class StrictJsonLines {

	private static final JsonMapper strict = JsonMapper.builder()
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
		.build();

	private StrictJsonLines() {
	}

	/**
	 * Parse output made of whole lines.
	 * @param output the bytes written, empty or ending with a newline
	 * @return one JSON value per line
	 * @throws AssertionError if the output is not strict JSON lines
	 */
	public static List<JsonNode> parse(byte[] output) {
		if (output.length > 0 && output[output.length - 1] != '\n') {
			throw new AssertionError("output does not end with a newline: " + describe(output, 0, output.length));
		}
		List<JsonNode> values = new ArrayList<>();
		int start = 0;
		for (int i = 0; i < output.length; i++) {
			if (output[i] == '\n') {
				values.add(parseLine(output, start, i));
				start = i + 1;
			}
		}
		return values;
	}

	/**
	 * Parse one line, without its terminator.
	 * @param line the line
	 * @return its JSON value
	 * @throws AssertionError if the line is not valid UTF-8 or not exactly one JSON value
	 * without duplicate member names
	 */
	public static JsonNode parseLine(byte[] line) {
		return parseLine(line, 0, line.length);
	}

	private static JsonNode parseLine(byte[] bytes, int start, int end) {
		CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
			.onMalformedInput(CodingErrorAction.REPORT)
			.onUnmappableCharacter(CodingErrorAction.REPORT);
		String text;
		try {
			text = utf8.decode(ByteBuffer.wrap(bytes, start, end - start)).toString();
		}
		catch (CharacterCodingException ex) {
			throw new AssertionError("line is not valid UTF-8 (" + ex + "): " + describe(bytes, start, end), ex);
		}
		if (text.indexOf('\n') >= 0 || text.isBlank()) {
			throw new AssertionError("line is empty: " + describe(bytes, start, end));
		}
		try {
			return strict.readTree(text);
		}
		catch (JacksonException ex) {
			throw new AssertionError("line is not one strict JSON value (" + ex.getOriginalMessage() + "): " + text,
					ex);
		}
	}

	private static String describe(byte[] bytes, int start, int end) {
		byte[] shown = Arrays.copyOfRange(bytes, start, Math.min(end, start + 512));
		return new String(shown, StandardCharsets.ISO_8859_1) + " [" + HexFormat.of().formatHex(shown) + "]";
	}

}
