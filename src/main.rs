fn main() -> std::process::ExitCode {
    mcc::driver::main()
}
