package dev.ravel.data.vision;

import java.util.List;

/**
 * Where a dataset's files come from: mirrors tried in order, each file's name on them, the MD5 of
 * the file as served, and (when known) the MD5 of its uncompressed content, which vouches for a
 * local copy however it was compressed. The datasets hold the standard ones; tests substitute a
 * local server and checksums of their own through the package-private constructors.
 */
record Remote(List<String> mirrors, List<Resource> resources) {
    Remote {
        mirrors = List.copyOf(mirrors);
        resources = List.copyOf(resources);
    }

    /** A file on the mirrors; rawMd5 is null when unknown. */
    record Resource(String file, String md5, String rawMd5) {
    }

    Resource resource(String file) {
        for (Resource r : resources) {
            if (r.file().equals(file)) {
                return r;
            }
        }
        throw new IllegalArgumentException("no resource " + file);
    }

    /** The same files with no checksums: for data in the same format that is not the original. */
    Remote withoutChecksums() {
        return new Remote(mirrors, resources.stream().map(r -> new Resource(r.file(), null, null)).toList());
    }
}
