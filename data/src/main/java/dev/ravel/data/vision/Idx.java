package dev.ravel.data.vision;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files, the format of MNIST-style datasets: a magic number {@code 0x00 0x00 type
 * ndims}, ndims big-endian int32 sizes, then the values. Only unsigned bytes (type 0x08) are
 * needed here. The whole payload lands in one array in a single pass (gunzipping on the fly
 * when the name ends in .gz), and anything that does not add up - magic, dims, a payload shorter
 * or longer than the header says, a broken gzip stream, the checksum - is an IOException naming
 * the file, never a silently wrong array.
 */
final class Idx {
    static final int UBYTE = 0x08;
    private static final int BUFFER = 1 << 16;

    private Idx() {
    }

    /** An IDX array: its sizes and its values, row-major. */
    record Array(int[] dims, byte[] data) {
    }

    /**
     * Reads an IDX file of unsigned bytes with {@code ndims} dims; when rawMd5 is not null, the MD5
     * of the uncompressed content must match it.
     */
    static Array readUbyte(Path file, int ndims, String rawMd5) throws IOException {
        boolean gz = file.getFileName().toString().endsWith(".gz");
        MessageDigest md5 = rawMd5 == null ? null : FileChecks.md5();
        try (InputStream f = Files.newInputStream(file)) {
            InputStream in = gz ? new GZIPInputStream(f, BUFFER) : f;
            if (md5 != null) {
                in = new DigestInputStream(in, md5);
            }
            DataInputStream d = new DataInputStream(new BufferedInputStream(in, BUFFER));
            int magic = d.readInt();
            if ((magic >>> 16) != 0) {
                throw FileChecks.corrupt(file, String.format("bad magic number 0x%08x: not an IDX file%s", magic,
                        (magic >>> 16) == 0x1f8b ? " (it looks gzip-compressed: name it .gz)" : ""));
            }
            int type = (magic >>> 8) & 0xff;
            int nd = magic & 0xff;
            if (type != UBYTE) {
                throw FileChecks.corrupt(file, String.format("IDX type 0x%02x, expected 0x%02x (unsigned bytes)", type, UBYTE));
            }
            if (nd != ndims) {
                throw FileChecks.corrupt(file, "IDX array of " + nd + " dims, expected " + ndims);
            }
            int[] dims = new int[nd];
            long size = 1;
            for (int i = 0; i < nd; i++) {
                dims[i] = d.readInt();
                if (dims[i] < 0) {
                    throw FileChecks.corrupt(file, "IDX size " + Integer.toUnsignedString(dims[i]) + " in dim " + i + " is too large");
                }
                size *= dims[i];
                if (size > Integer.MAX_VALUE - 16) {
                    throw FileChecks.corrupt(file, "IDX header announces more than 2^31 values");
                }
            }
            byte[] data = new byte[(int) size];
            int got = d.readNBytes(data, 0, data.length);
            if (got < data.length) {
                throw FileChecks.corrupt(file, "truncated: the header announces " + size + " values, the file holds " + got);
            }
            if (d.read() != -1) {
                throw FileChecks.corrupt(file, "more data than the header announces (" + size + " values)");
            }
            if (md5 != null) {
                FileChecks.verify(file, "uncompressed content", FileChecks.hex(md5.digest()), rawMd5);
            }
            return new Array(dims, data);
        } catch (EOFException e) {
            throw FileChecks.corrupt(file, "truncated" + (gz ? " (unexpected end of the gzip stream)" : " inside the IDX header"), e);
        } catch (ZipException e) {
            throw FileChecks.corrupt(file, "not a valid gzip file (" + e.getMessage() + ")", e);
        }
    }
}
