#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads whole files with plain POSIX calls: one `open`, one `fstat`, and
/// reads, without Foundation's file-attribute lookups (which read the user
/// and group databases).
public enum FileBytes {
    /// Why a file could not be read.
    public enum ReadError: Error, Sendable, Equatable {
        /// Nothing exists at the path.
        case missing
        /// The path names a directory.
        case directory
        /// The file is larger than the limit given.
        case tooLarge(bytes: Int)
        /// Permission denied or an I/O error.
        case unreadable
    }

    /// The bytes of the file at `path`, refusing files over `limit` bytes
    /// before reading them.
    public static func read(_ path: String, limit: Int = .max) throws(ReadError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw errno == ENOENT || errno == ENOTDIR ? .missing : .unreadable }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw .unreadable }
        if (info.st_mode & S_IFMT) == S_IFDIR { throw .directory }
        let size = Int(info.st_size)
        if size > limit { throw .tooLarge(bytes: size) }
        var bytes = [UInt8](repeating: 0, count: size)
        var filled = 0
        while filled < size {
            let count = bytes.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return systemRead(descriptor, base + filled, size - filled)
            }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { throw .unreadable }
            filled += count
        }
        return bytes
    }
}

#if canImport(Glibc)
private let systemRead = Glibc.read
#elseif canImport(Darwin)
private let systemRead = Darwin.read
#endif
