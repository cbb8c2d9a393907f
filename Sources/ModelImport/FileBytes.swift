#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads and writes whole files with plain POSIX calls: for reading one
/// `open`, one `fstat` and reads, without Foundation's file-attribute
/// lookups (which read the user and group databases); for writing a
/// temporary file renamed into place, without Foundation's `fsync`.
package enum FileBytes {
    /// Why a file could not be read.
    package enum ReadError: Error, Sendable, Equatable {
        /// Nothing exists at the path.
        case missing
        /// The path names a directory.
        case directory
        /// The file is larger than the limit given.
        case tooLarge(bytes: Int)
        /// Permission denied or an I/O error.
        case unreadable
    }

    /// Why a file could not be written.
    package struct WriteError: Error, Sendable, Equatable {
        /// The path that could not be written.
        package let path: String
        /// The C library's message for the failure.
        package let reason: String
    }

    /// Writes `bytes` to `path` through a temporary file in the same folder
    /// renamed into place, so a reader sees the old file or the new one,
    /// never half of one. There is no `fsync`: after a crash the file may be
    /// missing or old, never partial.
    package static func writeAtomically(_ bytes: [UInt8], to path: String) throws(WriteError) {
        let partial = path + ".partial-\(getpid())"
        let descriptor = open(partial, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw WriteError(path: path, reason: String(cString: strerror(errno))) }
        guard write(bytes, to: descriptor) else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            unlink(partial)
            throw WriteError(path: path, reason: reason)
        }
        guard close(descriptor) == 0, rename(partial, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(partial)
            throw WriteError(path: path, reason: reason)
        }
    }

    /// Writes all of `bytes` to an open file descriptor, resuming after
    /// interrupted and partial writes; false (with `errno` set) on failure.
    @discardableResult
    package static func write(_ bytes: [UInt8], to descriptor: Int32) -> Bool {
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return systemWrite(descriptor, base + written, bytes.count - written)
            }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return false }
            written += count
        }
        return true
    }

    /// The bytes of the file at `path`, refusing files over `limit` bytes
    /// before reading them.
    package static func read(_ path: String, limit: Int = .max) throws(ReadError) -> [UInt8] {
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
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
private let systemRead = Darwin.read
private let systemWrite = Darwin.write
#endif
