package dev.udsrpc.handler;

import java.util.List;

import dev.udsrpc.protocol.ErrorCodes;
import dev.udsrpc.protocol.RpcParams;
import dev.udsrpc.protocol.UdsRpcException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads params into a tree, for parameters bound by name or position. When the params
 * cannot be read, such as a string beyond the mapper's read constraints, the error names
 * the parameter whose member or element the reader stopped in, not the one that asked.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class ParamsTreeReader {

	private ParamsTreeReader() {
	}

	/**
	 * Read params into a tree.
	 * @param mapper the mapper, with the read constraints to apply
	 * @param params the params
	 * @param names the names of the parameters bound from params, by position
	 * @param asking the name of the parameter that asked, named when no other is found
	 * @return the tree
	 * @throws UdsRpcException with code {@code -32602} if the params cannot be read
	 */
	static JsonNode read(JsonMapper mapper, RpcParams params, List<String> names, String asking) {
		try (JsonParser parser = mapper.createParser(params.buffer(), params.offset(), params.length())) {
			try {
				return mapper.readTree(parser);
			}
			catch (JacksonException ex) {
				throw new UdsRpcException(ErrorCodes.INVALID_PARAMS,
						"invalid params: " + where(parser.streamReadContext(), names, asking) + ": "
								+ ParameterBindings.firstLine(ex.getOriginalMessage()));
			}
		}
	}

	private static String where(@Nullable TokenStreamContext context, List<String> names, String asking) {
		TokenStreamContext member = context;
		// the context of the params value itself is the one whose parent is the root
		while (member != null && member.getParent() != null && !member.getParent().inRoot()) {
			member = member.getParent();
		}
		if (member != null && member.inObject() && member.currentName() != null) {
			String name = member.currentName();
			return (names.contains(name) ? "parameter '" : "member '") + name + "'";
		}
		if (member != null && member.inArray() && member.getCurrentIndex() >= 0) {
			int index = member.getCurrentIndex();
			return (index < names.size()) ? "parameter '" + names.get(index) + "'" : "element " + index;
		}
		return "parameter '" + asking + "'";
	}

}
