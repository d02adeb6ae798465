fn main() -> std::process::ExitCode {
    mcc::memory::tune_allocator();
    mcc::driver::main()
}
