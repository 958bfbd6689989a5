package dev.udsrpc.context;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.jspecify.annotations.Nullable;

/**
 * Finds the configuration files packaged with the application as its class loader finds
 * them: the first of its class path entries that has the file. For the class loader of a
 * Spring Boot executable jar, whose entries are the jar's {@code BOOT-INF/classes/} and
 * the jars nested in {@code BOOT-INF/lib/}, the entries are looked up in the central
 * directories of the outer and the nested jars (an absent file costs the loader the
 * opening of every nested jar, several times what the rest of a command costs); any other
 * class loader is asked.
 *
 * @author udsrpc authors
 * @since 0.1.0
 */
final class PackagedResources {

	private static final int CENTRAL_HEADER = 0x02014b50;

	private static final int END_OF_CENTRAL_DIRECTORY = 0x06054b50;

	private static final int END_LENGTH = 22;

	private static final String CLASSES = "BOOT-INF/classes/";

	private static final byte[] APPLICATION = "application".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] CONFIG_APPLICATION = "config/application".getBytes(StandardCharsets.US_ASCII);

	private final ClassLoader classLoader;

	private final @Nullable Path outerJar;

	/**
	 * The class path entries of an executable jar, in order: {@link #CLASSES} or the name
	 * of a nested jar.
	 */
	private final List<String> entries;

	private @Nullable Map<String, Entry> outerEntries;

	private final Map<String, Set<String>> nestedNames = new HashMap<>();

	private PackagedResources(ClassLoader classLoader, @Nullable Path outerJar, List<String> entries) {
		this.classLoader = classLoader;
		this.outerJar = outerJar;
		this.entries = entries;
	}

	static PackagedResources of(ClassLoader classLoader) {
		if (classLoader instanceof URLClassLoader urlClassLoader) {
			Path outer = null;
			List<String> entries = new ArrayList<>();
			for (URL url : urlClassLoader.getURLs()) {
				String[] nested = nestedLocation(url);
				if (nested == null || (outer != null && !outer.equals(Path.of(nested[0])))) {
					return new PackagedResources(classLoader, null, List.of());
				}
				outer = Path.of(nested[0]);
				entries.add(nested[1]);
			}
			if (outer != null) {
				return new PackagedResources(classLoader, outer, entries);
			}
		}
		return new PackagedResources(classLoader, null, List.of());
	}

	/**
	 * Return the outer jar and the entry of a {@code jar:nested:<jar>/!<entry>!/} URL,
	 * else {@code null}.
	 */
	private static String @Nullable [] nestedLocation(URL url) {
		String text = url.toString();
		if (!text.startsWith("jar:nested:") || !text.endsWith("!/")) {
			return null;
		}
		try {
			String path = new URI(text.substring(4, text.length() - 2)).getPath();
			int separator = path.indexOf("/!");
			if (separator < 0) {
				return null;
			}
			String entry = path.substring(separator + 2);
			if (!entry.equals(CLASSES) && !(entry.startsWith("BOOT-INF/lib/") && entry.endsWith(".jar"))) {
				return null;
			}
			return new String[] { path.substring(0, separator), entry };
		}
		catch (URISyntaxException ex) {
			return null;
		}
	}

	/**
	 * Return whether resources are looked up in the central directories of an executable
	 * jar.
	 */
	boolean readsFromJar() {
		return this.outerJar != null;
	}

	/**
	 * Read the first resource of the class path with the given name.
	 * @param name the name, such as {@code config/application.yml}
	 * @return its bytes, or {@code null} if the class path has none
	 */
	byte @Nullable [] read(String name) {
		try {
			if (this.outerJar != null) {
				try {
					return readFromJar(this.outerJar, name);
				}
				catch (IOException ex) {
					// a layout not read here: ask the class loader
				}
			}
			URL resource = this.classLoader.getResource(name);
			return (resource != null) ? readAll(resource) : null;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + name + " from the class path", ex);
		}
	}

	private byte @Nullable [] readFromJar(Path outerJar, String name) throws IOException {
		for (String entry : this.entries) {
			if (entry.equals(CLASSES)) {
				if (outerEntries(outerJar).containsKey(CLASSES + name)) {
					try (ZipFile zip = new ZipFile(outerJar.toFile());
							InputStream in = zip.getInputStream(zip.getEntry(CLASSES + name))) {
						return in.readAllBytes();
					}
				}
			}
			else if (nestedNames(outerJar, entry).contains(name)) {
				// rare: a library that packages a configuration file; let the loader read
				// it
				URL resource = this.classLoader.getResource(name);
				return (resource != null) ? readAll(resource) : null;
			}
		}
		return null;
	}

	private static byte[] readAll(URL resource) throws IOException {
		try (InputStream in = resource.openStream()) {
			return in.readAllBytes();
		}
	}

	private Map<String, Entry> outerEntries(Path outerJar) throws IOException {
		if (this.outerEntries == null) {
			Map<String, Entry> entries = new HashMap<>();
			try (FileChannel channel = FileChannel.open(outerJar)) {
				for (Entry entry : centralDirectory(channel, 0, channel.size(), (bytes, offset, length) -> true)) {
					entries.put(entry.name(), entry);
				}
			}
			this.outerEntries = entries;
		}
		return this.outerEntries;
	}

	/**
	 * Return the names of the configuration files ({@code application*} and
	 * {@code config/application*}) in a nested jar.
	 */
	private Set<String> nestedNames(Path outerJar, String nestedJar) throws IOException {
		Set<String> names = this.nestedNames.get(nestedJar);
		if (names != null) {
			return names;
		}
		Entry entry = outerEntries(outerJar).get(nestedJar);
		if (entry == null || entry.method() != ZipEntry.STORED) {
			throw new IOException("Not a stored nested jar: " + nestedJar);
		}
		names = new HashSet<>();
		try (FileChannel channel = FileChannel.open(outerJar)) {
			ByteBuffer local = read(channel, entry.offset(), 30);
			long data = entry.offset() + 30 + (local.getShort(26) & 0xffff) + (local.getShort(28) & 0xffff);
			for (Entry nested : centralDirectory(channel, data, entry.size(),
					(bytes, offset, length) -> startsWith(bytes, offset, length, APPLICATION)
							|| startsWith(bytes, offset, length, CONFIG_APPLICATION))) {
				names.add(nested.name());
			}
		}
		this.nestedNames.put(nestedJar, names);
		return names;
	}

	/**
	 * Read the central directory of the zip data at the given position.
	 */
	private static List<Entry> centralDirectory(FileChannel channel, long start, long length, NameFilter filter)
			throws IOException {
		ByteBuffer end = read(channel, start + length - END_LENGTH, END_LENGTH);
		if (end.getInt(0) != END_OF_CENTRAL_DIRECTORY) {
			// a zip comment, or zip64: beyond what is read here
			throw new IOException("Unsupported zip layout");
		}
		long size = end.getInt(12) & 0xffffffffL;
		long offset = end.getInt(16) & 0xffffffffL;
		ByteBuffer directory = read(channel, start + offset, Math.toIntExact(size));
		List<Entry> entries = new ArrayList<>();
		int position = 0;
		while (position + 46 <= size && directory.getInt(position) == CENTRAL_HEADER) {
			int nameLength = directory.getShort(position + 28) & 0xffff;
			int extraLength = directory.getShort(position + 30) & 0xffff;
			int commentLength = directory.getShort(position + 32) & 0xffff;
			if (filter.accept(directory.array(), position + 46, nameLength)) {
				String name = new String(directory.array(), position + 46, nameLength, StandardCharsets.UTF_8);
				entries.add(new Entry(name, directory.getShort(position + 10) & 0xffff,
						directory.getInt(position + 20) & 0xffffffffL, directory.getInt(position + 42) & 0xffffffffL));
			}
			position += 46 + nameLength + extraLength + commentLength;
		}
		return entries;
	}

	private static boolean startsWith(byte[] bytes, int offset, int length, byte[] prefix) {
		if (length < prefix.length) {
			return false;
		}
		for (int i = 0; i < prefix.length; i++) {
			if (bytes[offset + i] != prefix[i]) {
				return false;
			}
		}
		return true;
	}

	private static ByteBuffer read(FileChannel channel, long position, int length) throws IOException {
		ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
		while (buffer.hasRemaining()) {
			if (channel.read(buffer, position + buffer.position()) < 0) {
				throw new EOFException();
			}
		}
		return buffer;
	}

	/**
	 * Which names of a central directory to keep.
	 */
	@FunctionalInterface
	private interface NameFilter {

		/**
		 * Return whether to keep the entry whose name has the given bytes, decoding only
		 * those kept: a nested jar has thousands of entries.
		 */
		boolean accept(byte[] bytes, int offset, int length);

	}

	/**
	 * An entry of a central directory.
	 *
	 * @param name its name
	 * @param method its compression method
	 * @param size its compressed size
	 * @param offset the offset of its local header
	 */
	private record Entry(String name, int method, long size, long offset) {

	}

}
