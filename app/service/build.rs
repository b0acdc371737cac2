// The migrations are embedded by `sqlx::migrate!`: rebuild when one changes, even if no Rust does.
fn main() {
    println!("cargo:rerun-if-changed=../../migrations");
}
